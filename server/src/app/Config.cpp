#include "app/Config.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace parley::app {

std::optional<Config> parse_config(int argc, char** argv, int& exit_code) {
  Config c;
  CLI::App cli{
      "Parley: a self-hosted video-conferencing server.\n"
      "Every flag can also be set by the environment variable named beside it."};
  cli.set_version_flag("--version", "parley 0.1.0");
  cli.get_formatter()->column_width(40);

  auto* net = "Network and files";
  cli.add_option("--listen", c.listen, "Address to listen on (IPv4 or IPv6)")
      ->envname("PARLEY_LISTEN")
      ->group(net)
      ->capture_default_str();
  cli.add_option("--port", c.port, "TCP port for HTTPS/HTTP and WebSocket (0: any free port)")
      ->envname("PARLEY_PORT")
      ->group(net)
      ->capture_default_str();
  cli.add_option("--public-url", c.public_url,
                 "Base URL used in invite links (default: derived from the listen address)")
      ->envname("PARLEY_PUBLIC_URL")
      ->group(net);
  cli.add_option("--data-dir", c.data_dir,
                 "Folder for the SQLite database, the self-signed certificate and other state")
      ->envname("PARLEY_DATA_DIR")
      ->group(net)
      ->capture_default_str();
  cli.add_option("--web-root", c.web_root, "Folder with the built web app")
      ->envname("PARLEY_WEB_ROOT")
      ->group(net)
      ->capture_default_str();
  cli.add_option("--tls-cert", c.tls_cert, "PEM certificate chain (default: a self-signed one in the data folder)")
      ->envname("PARLEY_TLS_CERT")
      ->group(net);
  cli.add_option("--tls-key", c.tls_key, "PEM private key for --tls-cert")->envname("PARLEY_TLS_KEY")->group(net);
  cli.add_flag("--no-tls", c.no_tls, "Serve plain HTTP (behind a TLS-terminating reverse proxy)")
      ->envname("PARLEY_NO_TLS")
      ->group(net);
  cli.add_flag("--trust-proxy", c.trust_proxy,
               "Take the client address from X-Forwarded-For and the scheme from X-Forwarded-Proto")
      ->envname("PARLEY_TRUST_PROXY")
      ->group(net);
  cli.add_option("--allowed-origin", c.allowed_origins,
                 "Another browser origin allowed to call the API and realtime endpoint (repeatable; '*' for any)")
      ->envname("PARLEY_ALLOWED_ORIGINS")
      ->delimiter(',')
      ->group(net);

  auto* proc = "Process";
  cli.add_option("--log-level", c.log_level, "trace, debug, info, warn, error or off")
      ->envname("PARLEY_LOG_LEVEL")
      ->group(proc)
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  cli.add_option("--io-threads", c.io_threads, "I/O threads (0: one per core)")
      ->envname("PARLEY_IO_THREADS")
      ->group(proc)
      ->capture_default_str();
  cli.add_option("--blocking-threads", c.blocking_threads, "Threads for bcrypt and database work (0: max(2, cores))")
      ->envname("PARLEY_BLOCKING_THREADS")
      ->group(proc)
      ->capture_default_str();
  cli.add_option("--blocking-queue", c.blocking_queue, "Blocking jobs queued at most before 503 server_busy")
      ->envname("PARLEY_BLOCKING_QUEUE")
      ->group(proc)
      ->capture_default_str();
  cli.add_option("--blocking-nice", c.blocking_nice,
                 "Nice increment of the blocking threads (0..19): bcrypt bursts yield the cores to the I/O threads")
      ->envname("PARLEY_BLOCKING_NICE")
      ->group(proc)
      ->check(CLI::Range(0, 19))
      ->capture_default_str();
  cli.add_option("--shutdown-timeout", c.shutdown_timeout_s, "Seconds to let in-flight requests finish on SIGTERM")
      ->envname("PARLEY_SHUTDOWN_TIMEOUT")
      ->group(proc)
      ->capture_default_str();

  auto* limits = "HTTP limits";
  cli.add_option("--max-header-bytes", c.max_header_bytes, "Request line + headers, in bytes (431 past it)")
      ->envname("PARLEY_MAX_HEADER_BYTES")
      ->group(limits)
      ->capture_default_str();
  cli.add_option("--max-body-bytes", c.max_body_bytes, "Request body, in bytes (413 past it)")
      ->envname("PARLEY_MAX_BODY_BYTES")
      ->group(limits)
      ->capture_default_str();
  cli.add_option("--request-timeout", c.request_timeout_s, "Seconds to receive a whole request (408 past it)")
      ->envname("PARLEY_REQUEST_TIMEOUT")
      ->group(limits)
      ->capture_default_str();
  cli.add_option("--idle-timeout", c.idle_timeout_s, "Seconds a kept-alive connection may wait for its next request")
      ->envname("PARLEY_IDLE_TIMEOUT")
      ->group(limits)
      ->capture_default_str();
  cli.add_option("--max-connections", c.max_connections, "Open TCP connections at most")
      ->envname("PARLEY_MAX_CONNECTIONS")
      ->group(limits)
      ->capture_default_str();

  auto* store = "Storage and accounts";
  cli.add_option("--database", c.database, "postgres://... URL (default: SQLite file in the data folder)")
      ->envname("PARLEY_DATABASE")
      ->group(store);
  cli.add_option("--bcrypt-cost", c.bcrypt_cost, "bcrypt cost factor for new passwords (4..31)")
      ->envname("PARLEY_BCRYPT_COST")
      ->group(store)
      ->check(CLI::Range(4u, 31u))
      ->capture_default_str();
  cli.add_option("--token-ttl-days", c.token_ttl_days, "Days a session token lives after its last use")
      ->envname("PARLEY_TOKEN_TTL_DAYS")
      ->group(store)
      ->capture_default_str();
  cli.add_option("--login-max-failures", c.login_max_failures, "Failed logins per username or address before 429")
      ->envname("PARLEY_LOGIN_MAX_FAILURES")
      ->group(store)
      ->capture_default_str();
  cli.add_option("--login-lockout", c.login_lockout_s, "Seconds a throttled username or address must wait")
      ->envname("PARLEY_LOGIN_LOCKOUT")
      ->group(store)
      ->capture_default_str();

  auto* rt = "Realtime";
  cli.add_option("--socketio-path", c.socketio_path, "Path of the Socket.IO endpoint")
      ->envname("PARLEY_SOCKETIO_PATH")
      ->group(rt)
      ->capture_default_str();
  cli.add_option("--ping-interval", c.ping_interval_ms, "Engine.IO ping interval, ms")
      ->envname("PARLEY_PING_INTERVAL")
      ->group(rt)
      ->capture_default_str();
  cli.add_option("--ping-timeout", c.ping_timeout_ms, "Engine.IO ping timeout, ms")
      ->envname("PARLEY_PING_TIMEOUT")
      ->group(rt)
      ->capture_default_str();
  cli.add_option("--max-payload", c.max_payload_bytes, "Engine.IO maxPayload, bytes")
      ->envname("PARLEY_MAX_PAYLOAD")
      ->group(rt)
      ->capture_default_str();
  cli.add_option("--max-connections-per-ip", c.max_connections_per_ip, "Realtime connections per client address")
      ->envname("PARLEY_MAX_CONNECTIONS_PER_IP")
      ->group(rt)
      ->capture_default_str();
  cli.add_option("--max-events-per-second", c.max_events_per_second, "Events a realtime connection may send per second")
      ->envname("PARLEY_MAX_EVENTS_PER_SECOND")
      ->group(rt)
      ->capture_default_str();
  cli.add_option("--send-queue-limit", c.send_queue_limit,
                 "Outgoing packets queued per connection before it is dropped")
      ->envname("PARLEY_SEND_QUEUE_LIMIT")
      ->group(rt)
      ->capture_default_str();

  auto* meet = "Meetings";
  cli.add_option("--mesh-limit", c.mesh_limit, "Participants at most in a peer-to-peer (mesh) meeting")
      ->envname("PARLEY_MESH_LIMIT")
      ->group(meet)
      ->capture_default_str();
  cli.add_option("--max-participants", c.max_participants, "Participants at most in any meeting")
      ->envname("PARLEY_MAX_PARTICIPANTS")
      ->group(meet)
      ->capture_default_str();
  cli.add_option("--reconnect-grace", c.reconnect_grace_s, "Seconds a dropped participant keeps its place")
      ->envname("PARLEY_RECONNECT_GRACE")
      ->group(meet)
      ->capture_default_str();
  cli.add_flag("--no-sfu", c.no_sfu,
               "No SFU: every meeting stays peer-to-peer and --mesh-limit is its size cap (meeting_full)")
      ->envname("PARLEY_NO_SFU")
      ->group(meet);

  auto* media = "Media, STUN and TURN";
  cli.add_option("--media-listen", c.media_listen, "UDP address of the SFU and the STUN server")
      ->envname("PARLEY_MEDIA_LISTEN")
      ->group(media)
      ->capture_default_str();
  cli.add_option("--media-port", c.media_port,
                 "UDP port of the SFU and the STUN server, one port for all media (0: any free port)")
      ->envname("PARLEY_MEDIA_PORT")
      ->group(media)
      ->capture_default_str();
  cli.add_flag("--no-stun", c.no_stun,
               "Do not answer plain STUN requests on the media port nor offer it to clients as a STUN server "
               "(the SFU still works; with --no-sfu too, no UDP port is opened)")
      ->envname("PARLEY_NO_STUN")
      ->group(media);
  cli.add_option("--media-public-ip", c.media_public_ip,
                 "IP address announced in the SFU's ICE candidate and the STUN URI (default: --media-listen, or "
                 "127.0.0.1 when that is 0.0.0.0 or ::)")
      ->envname("PARLEY_MEDIA_PUBLIC_IP")
      ->group(media);
  cli.add_option("--media-threads", c.media_threads,
                 "SFU media threads, each on its own UDP port (--media-port + i); each meeting lives on one")
      ->envname("PARLEY_MEDIA_THREADS")
      ->group(media)
      ->check(CLI::Range(1u, 64u))
      ->capture_default_str();
  cli.add_option("--sfu-bitrate", c.sfu_bitrate, "Video bitrate the SFU asks publishers for (REMB), bits/s")
      ->envname("PARLEY_SFU_BITRATE")
      ->group(media)
      ->check(CLI::Range(30'000u, 50'000'000u))
      ->capture_default_str();
  cli.add_option("--stun-uri", c.stun_uris, "STUN URI given to clients (repeatable; default: Parley's own)")
      ->envname("PARLEY_STUN_URIS")
      ->delimiter(',')
      ->group(media);
  cli.add_option("--turn-uri", c.turn_uris, "TURN URI given to clients, e.g. turn:host:3478?transport=udp (repeatable)")
      ->envname("PARLEY_TURN_URIS")
      ->delimiter(',')
      ->group(media);
  cli.add_option("--turn-secret", c.turn_secret, "coturn static-auth-secret for time-limited TURN credentials")
      ->envname("PARLEY_TURN_SECRET")
      ->group(media);
  cli.add_option("--turn-ttl", c.turn_ttl_s, "Seconds a TURN credential is valid")
      ->envname("PARLEY_TURN_TTL")
      ->group(media)
      ->capture_default_str();

  auto* cluster = "Cluster";
  cli.add_option("--redis", c.redis_url, "redis://host:port for several nodes sharing PostgreSQL")
      ->envname("PARLEY_REDIS")
      ->group(cluster);
  cli.add_option("--node-id", c.node_id, "This node's name in a cluster (default: random)")
      ->envname("PARLEY_NODE_ID")
      ->group(cluster);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    exit_code = cli.exit(e);
    return std::nullopt;
  }
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    std::cerr << "parley: --tls-cert and --tls-key go together\n";
    exit_code = 2;
    return std::nullopt;
  }
  return c;
}

}  // namespace parley::app
