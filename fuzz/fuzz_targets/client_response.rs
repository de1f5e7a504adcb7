//! Any response bytes from a loopback server into both clients: never a panic or a hang, and
//! no error shows the key or an unescaped control character.
#![no_main]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;

const KEY: &str = "lomi_sk_test_fuzz_0123456789abcdef";

struct Server {
    url: String,
    answer: Mutex<Vec<u8>>,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<&'static Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let server: &'static Server = Box::leak(Box::new(Server {
            url: format!("http://{}", listener.local_addr().unwrap()),
            answer: Mutex::new(Vec::new()),
        }));
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let answer = server.answer.lock().unwrap().clone();
                let _ = stream.write_all(&answer);
                // Closing ends any body the answer left open.
            }
        });
        server
    })
}

fn check(result: Result<lomi::types::CheckoutSession, lomi::Error>) {
    if let Err(e) = result {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(KEY), "the key leaked: {shown}");
        assert!(!e.to_string().chars().any(char::is_control), "{e}");
    }
}

/// Both clients and the async client's runtime, made once: building them per input (a TLS
/// configuration, a runtime) cost more than the exchange itself.
struct Clients {
    blocking: lomi::Client,
    asynchronous: lomi::AsyncClient,
    runtime: tokio::runtime::Runtime,
}

fn clients() -> &'static Clients {
    static CLIENTS: OnceLock<Clients> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let builder = || {
            lomi::Client::builder(KEY)
                .base_url(&server().url)
                .max_retries(0)
                .timeout(Duration::from_secs(2))
        };
        Clients {
            blocking: builder().build().unwrap(),
            asynchronous: builder().build_async().unwrap(),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        }
    })
}

fuzz_target!(|answer: &[u8]| {
    *server().answer.lock().unwrap() = answer.to_vec();
    let clients = clients();
    check(clients.blocking.retrieve_checkout_session("cs_1"));
    check(
        clients
            .runtime
            .block_on(clients.asynchronous.retrieve_checkout_session("cs_1")),
    );
});
