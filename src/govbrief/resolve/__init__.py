"""Stage 4: value normalisation as pure functions (dates, numbers, places, agencies, officials)."""
