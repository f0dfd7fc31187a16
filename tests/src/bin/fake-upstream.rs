//! Serves the fixture data as a fake Studio Ghibli API, for the browser tests and for trying
//! Kodama by hand: `cargo run -p kodama-testkit --bin fake-upstream -- 127.0.0.1:8100`.

use kodama_testkit::FakeUpstream;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let address = std::env::args().nth(1);
    let upstream = match address {
        Some(address) => FakeUpstream::start_at(address.parse()?).await?,
        None => FakeUpstream::start().await?,
    };

    println!("{}", upstream.url());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
