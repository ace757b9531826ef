//! JNI bridge (filled in by the bridge work).
