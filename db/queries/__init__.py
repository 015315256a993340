"""Query helpers. They only flush; the caller (request or activity) owns the transaction."""
