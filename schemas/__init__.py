"""One vocabulary: API bodies and every workflow/activity input and output."""
