//! A `tracing` subscriber that records the `lomi` targets' spans and events, every field's
//! value as text, as a `tracing-opentelemetry` layer would see them (feature `tracing`).

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

pub type Fields = BTreeMap<String, String>;

#[derive(Default)]
pub struct State {
    /// Every span of target `lomi`, by id - 1: its name and fields.
    pub spans: Vec<(&'static str, Fields)>,
    /// Every event of target `lomi`: its parent span's id, and its fields.
    pub events: Vec<(Option<u64>, Fields)>,
}

/// Records the `lomi` target's spans and events with every field's value as text.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<State>>);

impl Captured {
    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Captured {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("lomi")
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields::new();
        attributes.record(&mut Visitor(&mut fields));
        let mut state = self.state();
        state.spans.push((attributes.metadata().name(), fields));
        Id::from_u64(state.spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.state();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Visitor(&mut state.spans[index].1));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        let parent = event.parent().map(Id::into_u64);
        self.state().events.push((parent, fields));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
