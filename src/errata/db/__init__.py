"""errata's database backends."""
