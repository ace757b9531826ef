//! reqwest-based HttpClient (filled in by the bridge work).
