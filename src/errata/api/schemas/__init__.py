"""Input and output shapes of the JSON API. Inputs never carry server-owned fields."""
