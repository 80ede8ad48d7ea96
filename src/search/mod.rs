//! Search engine (being written).
