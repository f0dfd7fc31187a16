//! A film's poster, over a placeholder that shows whenever the image does not.

use leptos::prelude::*;

/// The poster image if there is one, drawn over a placeholder with the film's initial. When
/// the image host cannot be reached (or there is no image), the placeholder is what shows,
/// with or without JavaScript: browsers draw an image's `::after` only when the image fails,
/// and the stylesheet makes that a copy of the placeholder, covering the broken-image icon.
/// The poster is decoration beside the title, hence hidden from screen readers.
#[component]
pub fn Poster(
    url: Option<String>,
    title: String,
    /// `"small"` for cards, `"large"` for a film's own page.
    size: &'static str,
) -> impl IntoView {
    let initial = title
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(String::from)
        .unwrap_or_default();

    view! {
        <div class=format!("poster poster-{size}") aria-hidden="true">
            <span class="poster-placeholder">{initial.clone()}</span>
            {url
                .map(|src| {
                    view! {
                        <img
                            class="poster-image"
                            src=src
                            alt=""
                            loading="lazy"
                            decoding="async"
                            data-initial=initial.clone()
                        />
                    }
                })}
        </div>
    }
}
