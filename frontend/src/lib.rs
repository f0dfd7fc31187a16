//! The browser entry points of Kodama's front end, compiled to WASM.
//!
//! - `hydrate` (feature `hydrate`, built by cargo-leptos): takes over the page the server
//!   rendered, reusing the data serialized into it.
//! - `start` (feature `csr`, built by Trunk): renders the whole app in the browser, for the
//!   client-only build that talks to a separate server.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

#[cfg(feature = "csr")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
