//! What the pages of one film and one person share.

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{de::DeserializeOwned, Serialize};

use super::NotFound;
use crate::api::PageError;
use crate::components::{ErrorState, LoadingState};

/// The page of the item whose id is the route's `:id`: a way back to all films, then the item
/// as `show` renders it once `load` has read it, the not-found page for an unknown id, or
/// the error.
#[component]
pub fn OneItemPage<T, Load, Loading, Show, Shown>(load: Load, show: Show) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Load: Fn(String) -> Loading + Send + Sync + 'static,
    Loading: Future<Output = Result<T, PageError>> + Send + 'static,
    Show: Fn(T) -> Shown + Copy + Send + Sync + 'static,
    Shown: IntoView + 'static,
{
    let params = use_params_map();
    let item = Resource::new(move || params.read().get("id").unwrap_or_default(), load);

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/">"All films"</a>
        </nav>
        <Suspense fallback=LoadingState>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(data) => show(data).into_any(),
                    Err(PageError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorState error as_page=true/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
