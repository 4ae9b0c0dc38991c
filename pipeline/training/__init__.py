"""Fitting the learned extraction decisions from the annotated train split (`newsfacts train`)."""
