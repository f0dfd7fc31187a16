//! What the refresher of this process has done, for `GET /status` and the logs.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The refresher's record, shared with the status endpoint.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RefreshStatus {
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// The most recent failure, kept after later successes so that operators can see it.
    pub last_error: Option<RefreshFailure>,
    /// Whether the most recent attempt failed.
    pub failing: bool,
    pub succeeded: u64,
    pub failed: u64,
    /// Failures counted by [`RefreshFailure::kind`].
    pub failures_by_kind: BTreeMap<&'static str, u64>,
}

/// One failed refresh, in words safe to show anyone: the kind and our own message, never the
/// underlying cause (which is logged).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RefreshFailure {
    pub at: DateTime<Utc>,
    pub kind: &'static str,
    pub message: String,
}

/// A cheap handle to one shared [`RefreshStatus`].
#[derive(Clone, Debug, Default)]
pub struct StatusBoard(Arc<Mutex<RefreshStatus>>);

impl StatusBoard {
    pub fn snapshot(&self) -> RefreshStatus {
        self.lock().clone()
    }

    pub(super) fn attempted(&self) {
        self.lock().last_attempt_at = Some(Utc::now());
    }

    pub(super) fn succeeded(&self) {
        let mut status = self.lock();
        status.last_success_at = Some(Utc::now());
        status.failing = false;
        status.succeeded += 1;
    }

    pub(super) fn failed(&self, kind: &'static str, message: String) {
        let mut status = self.lock();
        status.last_error = Some(RefreshFailure {
            at: Utc::now(),
            kind,
            message,
        });
        status.failing = true;
        status.failed += 1;
        *status.failures_by_kind.entry(kind).or_default() += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RefreshStatus> {
        // A panic while holding this lock leaves plain counters behind, still worth reading.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
