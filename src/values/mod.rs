//! The values the API's types are made of: the generated types themselves, and the hand-written
//! pieces they are built from (amounts as exact [`Number`]s, lomi.'s date-times, open enums).

pub(crate) mod date_time;
pub(crate) mod generated;
pub(crate) mod number;
pub(crate) mod open_enum;
