"""Static files served by the API."""
