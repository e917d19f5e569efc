"""Qt item models: thin adapters from domain services to views. No business rules."""
