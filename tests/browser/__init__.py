"""End-to-end tests in a real Chromium against Voilà (marker: browser)."""
