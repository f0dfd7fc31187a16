//! The freshness line: when the data on the page was computed and where it came from.

use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use leptos::prelude::*;

use crate::model::{DataSource, Freshness};

/// How often the age shown is brought up to date while the page stays open.
const TICK: Duration = Duration::from_secs(10);

/// "Live data, updated 20 s ago." or "Offline snapshot from 4 December 2026, …", and a
/// visible note when the server is showing its last copy because it cannot read its cache.
///
/// The age is measured on the server's clock (from `served_at`), then counted on in the
/// browser, so a visitor whose clock is wrong still sees the right age, and the first render
/// in the browser says exactly what the server rendered.
#[component]
pub fn FreshnessLine(freshness: Freshness) -> impl IntoView {
    let seconds_since_served = RwSignal::new(0_i64);
    count_time_on_the_page(seconds_since_served);

    let age_when_served = freshness.age_when_served();
    let age = move || describe_age(age_when_served + seconds_since_served.get());
    let computed_at = machine_time(freshness.computed_at);
    let exact_time = format!("Computed {}", readable_time(freshness.computed_at));

    let line = match freshness.source {
        DataSource::Upstream => view! {
            {if freshness.stale { "Last copy of live data, updated " } else { "Live data, updated " }}
            <time datetime=computed_at title=exact_time>{age}</time>
            "."
        }
        .into_any(),
        DataSource::Snapshot => {
            let taken_on = freshness
                .snapshot_taken_on
                .map(long_date)
                .unwrap_or_else(|| "an earlier day".to_owned());
            view! {
                "Offline snapshot from " {taken_on}
                ", shown until live data can be loaded (stored "
                <time datetime=computed_at title=exact_time>{age}</time>
                ")."
            }
            .into_any()
        }
    };
    let source = match freshness.source {
        DataSource::Upstream => "upstream",
        DataSource::Snapshot => "snapshot",
    };

    view! {
        <p class="freshness" data-source=source>{line}</p>
        {freshness
            .stale
            .then(|| {
                view! {
                    <p class="stale-note" role="status">
                        "The server cannot reach its cache right now: this is the last copy it had."
                    </p>
                }
            })}
    }
    .into_any()
}

/// Adds up the seconds the page has been open, in the browser only (effects do not run on
/// the server), and stops when the line leaves the page.
fn count_time_on_the_page(seconds: RwSignal<i64>) {
    Effect::new(move |_| {
        let step = TICK.as_secs() as i64;
        let interval = set_interval_with_handle(move || seconds.update(|s| *s += step), TICK);
        if let Ok(interval) = interval {
            on_cleanup(move || interval.clear());
        }
    });
}

/// An age in seconds as a short phrase: "just now", "20 s ago", "5 min ago", "3 h ago",
/// "2 days ago".
fn describe_age(seconds: i64) -> String {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;

    match seconds.max(0) {
        0..5 => "just now".to_owned(),
        s @ 5..MINUTE => format!("{s} s ago"),
        s @ MINUTE..HOUR => format!("{} min ago", s / MINUTE),
        s @ HOUR..DAY => format!("{} h ago", s / HOUR),
        s if s < 2 * DAY => "1 day ago".to_owned(),
        s => format!("{} days ago", s / DAY),
    }
}

// The three formatters below are written out rather than done with chrono's `format`, whose
// general machinery would add tens of kilobytes to the WASM for three fixed layouts.

/// "4 December 2026".
fn long_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "2026-12-04T18:51:32Z", for `<time datetime>`.
fn machine_time(time: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// "2026-12-04 18:51:32 UTC".
fn readable_time(time: DateTime<Utc>) -> String {
    machine_time(time).replace('T', " ").replace('Z', " UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        assert_eq!(describe_age(-3), "just now");
        assert_eq!(describe_age(4), "just now");
        assert_eq!(describe_age(20), "20 s ago");
        assert_eq!(describe_age(59), "59 s ago");
        assert_eq!(describe_age(60), "1 min ago");
        assert_eq!(describe_age(3_599), "59 min ago");
        assert_eq!(describe_age(3 * 3_600 + 5), "3 h ago");
        assert_eq!(describe_age(86_400), "1 day ago");
        assert_eq!(describe_age(5 * 86_400), "5 days ago");
    }

    #[test]
    fn snapshot_dates_are_written_out() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();

        assert_eq!(long_date(date), "4 December 2026");
        assert_eq!(long_date(date.with_month(1).unwrap()), "4 January 2026");
    }

    #[test]
    fn times_are_written_for_machines_and_for_people() {
        let time = DateTime::from_timestamp(1_733_300_000, 0).unwrap();

        assert_eq!(machine_time(time), "2024-12-04T08:13:20Z");
        assert_eq!(readable_time(time), "2024-12-04 08:13:20 UTC");
        assert_eq!(
            machine_time(time),
            time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
    }
}
