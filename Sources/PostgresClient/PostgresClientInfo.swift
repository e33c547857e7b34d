/// Thin libpq wrapper. Knows nothing of jobs or articles.
public enum PostgresClientInfo {}
