//! Name resolution that always fails, to play a DNS outage without sending a query.

use reqwest::dns::{Name, Resolve, Resolving};

/// A resolver for `reqwest` that answers every name with "not found", as a resolver does
/// when DNS is down or the name does not exist.
#[derive(Clone, Copy, Debug, Default)]
pub struct FailingResolver;

impl Resolve for FailingResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let error = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("failed to look up {}: name not found", name.as_str()),
        );
        Box::pin(async move { Err(Box::new(error) as Box<dyn std::error::Error + Send + Sync>) })
    }
}
