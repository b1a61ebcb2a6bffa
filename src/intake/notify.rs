//! Telling the practice that a new intake arrived: by a webhook, by email,
//! or both. Never an answer, and each at most once per its interval however
//! many arrive: a burst of submissions is one message.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::store::Store;

/// The name of the environment variable that may hold the SMTP server.
pub const SMTP_ENV: &str = "CANDOR_SMTP_URL";

/// Somewhere to tell.
pub enum Target {
    /// A URL that is sent a small JSON document.
    Webhook(String),
    /// An email address, through an SMTP server.
    Email(Box<Email>),
}

/// A message to one address through one SMTP server.
pub struct Email {
    transport: SmtpTransport,
    from: Mailbox,
    to: Mailbox,
    site: String,
}

impl Email {
    /// Checks the settings before the receiver listens. `server` is
    /// `smtps://user:password@host:465` (TLS from the start) or
    /// `smtp://user:password@host:587` (STARTTLS, required). A server on
    /// this machine (a local relay) may also be reached without TLS.
    pub fn new(server: &str, from: &str, to: &str, site: &str) -> Result<Email, String> {
        let url = url::Url::parse(server.trim()).map_err(|e| {
            format!("the SMTP server is not an address ({e}): write smtps://user:password@mail.example.org:465")
        })?;
        let host = url
            .host_str()
            .ok_or("the SMTP server's address has no host name")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let parameters = TlsParameters::new(host.clone())
            .map_err(|e| format!("cannot set up TLS for {host}: {e}"))?;
        let (tls, port) = match security(url.scheme(), &host)? {
            Security::Wrapped => (Tls::Wrapper(parameters), 465),
            Security::StartTls => (Tls::Required(parameters), 587),
            Security::IfOffered => (Tls::Opportunistic(parameters), 25),
        };
        let mut builder = SmtpTransport::builder_dangerous(&host)
            .port(url.port().unwrap_or(port))
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)));
        if !url.username().is_empty() {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            builder = builder.credentials(Credentials::new(
                decode(url.username()),
                decode(url.password().unwrap_or_default()),
            ));
        }
        let mailbox = |text: &str, what: &str| {
            text.parse::<Mailbox>()
                .map_err(|e| format!("{what} `{text}` is not an email address: {e}"))
        };
        Ok(Email {
            transport: builder.build(),
            from: mailbox(from, "--notify-from")?,
            to: mailbox(to, "--notify-email")?,
            site: site.to_string(),
        })
    }

    fn send(&self, count: i64) -> Result<(), String> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(self.to.clone())
            .subject(format!("New intake: {}", self.site))
            .header(ContentType::TEXT_PLAIN)
            .body(format!(
                "A new intake arrived. {count} stored in all.\n\nOpen them at the practice with `candor intake export`. This message holds no answer.\n"
            ))
            .map_err(|e| e.to_string())?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// How the connection to an SMTP server is protected.
#[derive(Debug, PartialEq, Eq)]
enum Security {
    /// TLS from the first byte (`smtps://`).
    Wrapped,
    /// STARTTLS, and no message without it (`smtp://`).
    StartTls,
    /// STARTTLS when the server offers it: only for a relay on this machine
    /// (`smtp://127.0.0.1`, `smtp://[::1]`, `smtp://localhost`), which
    /// nothing on the network sits between.
    IfOffered,
}

fn security(scheme: &str, host: &str) -> Result<Security, String> {
    let this_machine = matches!(host, "localhost" | "127.0.0.1" | "::1");
    match scheme {
        "smtps" => Ok(Security::Wrapped),
        "smtp" if this_machine => Ok(Security::IfOffered),
        "smtp" => Ok(Security::StartTls),
        other => Err(format!(
            "the SMTP server's address starts with `{other}:`: use smtps:// or smtp://"
        )),
    }
}

/// Starts a task per target that tells it when something arrives, then
/// waits `every` (at least a minute) before it tells again. Returns where
/// to say "one arrived".
pub fn spawn(targets: Vec<(Target, Duration)>, store: Arc<dyn Store>) -> UnboundedSender<()> {
    let (tx, mut rx) = unbounded_channel::<()>();
    let mut each = Vec::new();
    for (target, every) in targets {
        let (target_tx, mut target_rx) = unbounded_channel::<()>();
        each.push(target_tx);
        let store = store.clone();
        let target = Arc::new(target);
        tokio::spawn(async move {
            while target_rx.recv().await.is_some() {
                // Gather the burst, then tell once.
                tokio::time::sleep(Duration::from_secs(2)).await;
                while target_rx.try_recv().is_ok() {}
                let target = target.clone();
                let count = store.count().await.unwrap_or(0);
                // Sending waits on the network: off the receiver's threads.
                let _ = tokio::task::spawn_blocking(move || tell(&target, count)).await;
                tokio::time::sleep(every.max(Duration::from_secs(60)) - Duration::from_secs(2))
                    .await;
            }
        });
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            for target in &each {
                let _ = target.send(());
            }
        }
    });
    tx
}

fn tell(target: &Target, count: i64) {
    match target {
        Target::Webhook(url) => {
            let body = serde_json::json!({
                "text": format!("A new intake arrived. {count} stored in all."),
                "count": count,
            });
            match ureq::post(url)
                .header("content-type", "application/json")
                .send(body.to_string())
            {
                Ok(_) => eprintln!("intake: notified the webhook"),
                Err(e) => eprintln!("intake: the webhook failed: {e}"),
            }
        }
        Target::Email(email) => match email.send(count) {
            Ok(()) => eprintln!("intake: sent the notification email"),
            Err(e) => eprintln!("intake: the notification email failed: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_is_required_unless_the_server_is_on_this_machine() {
        assert_eq!(security("smtps", "mail.example.org"), Ok(Security::Wrapped));
        assert_eq!(security("smtp", "mail.example.org"), Ok(Security::StartTls));
        assert_eq!(security("smtp", "127.0.0.2"), Ok(Security::StartTls));
        assert_eq!(security("smtp", "127.0.0.1"), Ok(Security::IfOffered));
        assert_eq!(security("smtp", "::1"), Ok(Security::IfOffered));
        assert!(security("http", "mail.example.org").is_err());
    }

    #[test]
    fn smtp_servers_and_addresses_are_read_before_anything_is_sent() {
        let ok = |server: &str| Email::new(server, "a@b.org", "c@d.org", "S").map(|_| ());
        assert!(ok("smtps://user:pass@mail.example.org:465").is_ok());
        assert!(ok("smtp://user:pass@mail.example.org").is_ok());
        assert!(ok("smtp://127.0.0.1:2525").is_ok());
        assert!(ok("http://mail.example.org")
            .unwrap_err()
            .contains("use smtps://"));
        assert!(ok("mail.example.org").is_err());
        assert!(
            Email::new("smtp://127.0.0.1", "not an address", "c@d.org", "S")
                .map(|_| ())
                .unwrap_err()
                .contains("--notify-from")
        );
    }
}
