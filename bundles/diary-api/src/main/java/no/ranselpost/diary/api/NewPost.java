package no.ranselpost.diary.api;

/** A post to write: news names its unit, a diary post its group. */
public record NewPost(PostKind kind, Long unitId, Long groupId, String title, String text) {
    @Override
    public String toString() {
        return "NewPost[" + kind + ", unit " + unitId + ", group " + groupId + "]";
    }
}
