/// The lesson model, the check engine, progress and the report.
public enum CourseModule {}
