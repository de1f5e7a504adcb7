//! TLS end to end on loopback, for both clients: a server whose certificate a test CA signed
//! (made here with rcgen) is refused by the built-in roots with a `Tls` error that is never
//! retried and never reached lomi., and trusted with `root_certificates(ca_pem)`.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use common::tls::pki;
use lomi::{Error, TransportErrorKind};

const KEY: &str = "lomi_sk_test_0123456789abcdef";

/// An https server on 127.0.0.1 answering every request with one payment link; it counts the
/// TCP connections it accepted and the requests it read.
struct Server {
    port: u16,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

/// The TLS stream of one accepted connection.
type Connection = rustls::StreamOwned<rustls::ServerConnection, std::net::TcpStream>;

/// An https server on 127.0.0.1 that counts connections and runs `handle` on each, in a thread
/// of its own.
fn serve_tls(config: Arc<rustls::ServerConfig>, handle: fn(Connection, &AtomicUsize)) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (c, r) = (Arc::clone(&connections), Arc::clone(&requests));
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            c.fetch_add(1, Ordering::SeqCst);
            let (config, r) = (Arc::clone(&config), Arc::clone(&r));
            thread::spawn(move || {
                let tls = rustls::ServerConnection::new(config).unwrap();
                handle(rustls::StreamOwned::new(tls, stream), &r);
            });
        }
    });
    Server {
        port,
        connections,
        requests,
    }
}

fn serve(config: Arc<rustls::ServerConfig>) -> Server {
    serve_tls(config, |mut tls, r| {
        let mut reader = BufReader::new(&mut tls);
        loop {
            // Read one request head (these requests have no body).
            let mut line = String::new();
            let mut head = 0;
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                head += 1;
                if line == "\r\n" {
                    break;
                }
                line.clear();
            }
            if head == 0 || line != "\r\n" {
                return; // handshake refused or connection closed
            }
            r.fetch_add(1, Ordering::SeqCst);
            let body = r#"{"link_id":"link_1"}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            if reader.get_mut().write_all(answer.as_bytes()).is_err() {
                return;
            }
        }
    })
}

fn builder(server: &Server) -> lomi::ClientBuilder {
    lomi::Client::builder(KEY).base_url(format!("https://localhost:{}/v1", server.port))
}

fn assert_untrusted(result: Result<lomi::types::PaymentLink, Error>, server: &Server) {
    let Err(Error::Transport(e)) = &result else {
        panic!("expected a TLS error, got {result:?}")
    };
    assert_eq!(e.kind(), TransportErrorKind::Tls, "{e}");
    let error = result.unwrap_err();
    assert!(!error.is_retryable(), "a certificate does not fix itself");
    assert!(!error.may_have_been_processed());
    assert!(!format!("{error} {error:?}").contains(KEY));
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        1,
        "never retried"
    );
}

#[test]
fn the_built_in_roots_refuse_an_unknown_ca_once_and_a_given_ca_is_trusted() {
    let pki = pki(&["localhost"]);
    let server = serve(Arc::clone(&pki.server));
    let client = builder(&server).build().unwrap();
    assert_untrusted(client.retrieve_payment_link("link_1"), &server);

    let server = serve(Arc::clone(&pki.server));
    let client = builder(&server)
        .root_certificates(&pki.ca_pem)
        .build()
        .unwrap();
    for _ in 0..3 {
        assert_eq!(
            client.retrieve_payment_link("link_1").unwrap().link_id,
            "link_1"
        );
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        1,
        "one TLS connection, reused"
    );
}

#[test]
fn a_pem_without_a_certificate_is_a_config_error() {
    for pem in [
        "",
        "not pem",
        "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
    ] {
        let err = lomi::Client::builder(KEY)
            .root_certificates(pem)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{pem:?}: {err}");
    }
}

#[cfg(feature = "async")]
#[test]
fn the_async_client_trusts_and_refuses_the_same() {
    let pki = pki(&["localhost"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = serve(Arc::clone(&pki.server));
        let client = builder(&server).build_async().unwrap();
        assert_untrusted(client.retrieve_payment_link("link_1").await, &server);

        let server = serve(Arc::clone(&pki.server));
        let client = builder(&server)
            .root_certificates(&pki.ca_pem)
            .build_async()
            .unwrap();
        for _ in 0..3 {
            let link = client.retrieve_payment_link("link_1").await.unwrap();
            assert_eq!(link.link_id, "link_1");
        }
        assert_eq!(server.requests.load(Ordering::SeqCst), 3);
        assert_eq!(server.connections.load(Ordering::SeqCst), 1);
    });
}

/// An https server that takes one request whole (head and body), then corrupts the TLS stream:
/// it writes an application-data record that cannot be decrypted straight onto the socket, as a
/// faulty middlebox or a TLS terminator that crashed would. The request was received in full.
fn serve_then_corrupt(config: Arc<rustls::ServerConfig>) -> Server {
    serve_tls(config, |mut tls, r| {
        let mut reader = BufReader::new(&mut tls);
        let (mut line, mut length) = (String::new(), 0);
        loop {
            line.clear();
            if !reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                return;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        r.fetch_add(1, Ordering::SeqCst);
        // A TLS 1.2+ application-data record of 32 bytes nobody encrypted.
        let mut record = vec![0x17, 0x03, 0x03, 0x00, 0x20];
        record.extend_from_slice(&[0x5a; 32]);
        let _ = tls.sock.write_all(&record);
        thread::sleep(std::time::Duration::from_millis(500));
    })
}

/// A TLS failure after the request went out is not a refused handshake: the create reached the
/// server, so the error must say it may have been processed, and must not be retried. Both
/// clients call it a broken connection.
#[test]
fn a_tls_failure_after_the_request_was_sent_may_have_been_processed() {
    common::for_each_kind(|kind| {
        let pki = pki(&["localhost"]);
        let server = serve_then_corrupt(Arc::clone(&pki.server));
        let client = kind.client(builder(&server).root_certificates(&pki.ca_pem));
        let body = common::create_session_body();
        let (result, _) =
            common::timed(|| common::call!(&client, c => c.create_checkout_session(&body)));
        let error = result.unwrap_err();
        assert_eq!(server.requests.load(Ordering::SeqCst), 1, "{error}");
        assert!(error.may_have_been_processed(), "{kind:?}: {error:?}");
        assert!(!error.is_retryable(), "{kind:?}: {error:?}");
        // The connection broke, on both clients: a read would be retried, a create is not.
        match &error {
            Error::Transport(e) => assert_eq!(e.kind(), TransportErrorKind::Io, "{kind:?}: {e}"),
            other => panic!("{kind:?}: {other:?}"),
        }
        assert_eq!(server.connections.load(Ordering::SeqCst), 1, "sent once");
        assert!(!format!("{error} {error:?}").contains(KEY));
    });
}
