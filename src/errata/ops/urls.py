"""Operators' endpoints."""

urlpatterns: list[object] = []
