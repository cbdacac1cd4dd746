#pragma once
// Every setting of the server, with its default. Each has a command-line flag and an environment
// variable (PARLEY_<FLAG>); see docs/OPERATIONS.md for the table.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace parley::app {

struct Config {
  // Network and files
  std::string listen = "0.0.0.0";
  std::uint16_t port = 8443;
  std::string public_url;  // base of invite links; derived from the listen address when empty
  std::filesystem::path data_dir = "data";
  std::filesystem::path web_root = "web/dist";
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  bool no_tls = false;
  bool trust_proxy = false;
  std::vector<std::string> allowed_origins;

  // Process
  std::string log_level = "info";
  unsigned io_threads = 0;        // 0: one per core
  unsigned blocking_threads = 0;  // 0: max(2, cores)
  unsigned blocking_queue = 4096;
  int blocking_nice = 10;  // lower priority for bcrypt and SQL than for the I/O threads
  unsigned shutdown_timeout_s = 10;

  // HTTP limits
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  unsigned request_timeout_s = 30;
  unsigned idle_timeout_s = 75;
  std::size_t max_connections = 60000;

  // Storage and accounts
  std::string database;  // empty: SQLite file in data_dir; or postgres://user@host/db
  unsigned bcrypt_cost = 12;
  unsigned token_ttl_days = 30;
  unsigned login_max_failures = 5;
  unsigned login_lockout_s = 300;

  // Realtime (Engine.IO / Socket.IO)
  std::string socketio_path = "/socket.io/";
  unsigned ping_interval_ms = 25000;
  unsigned ping_timeout_ms = 20000;
  std::size_t max_payload_bytes = 1000000;
  unsigned max_connections_per_ip = 2000;
  unsigned max_events_per_second = 100;
  std::size_t send_queue_limit = 1024;

  // Meetings
  unsigned mesh_limit = 4;
  bool no_sfu = false;  // meetings stay peer-to-peer; the mesh limit caps them
  unsigned max_participants = 50;
  unsigned reconnect_grace_s = 15;

  // Media, STUN and TURN
  std::string media_listen = "0.0.0.0";
  std::uint16_t media_port = 3478;  // UDP: the SFU and the built-in STUN server
  bool no_stun = false;             // no plain STUN answers (the SFU's ICE checks still work)
  std::string media_public_ip;      // announced in SFU candidates; see announced_media_address()
  unsigned media_threads = 1;
  std::uint32_t sfu_bitrate = 2'500'000;  // REMB to publishers, bits/s
  std::vector<std::string> stun_uris;
  std::vector<std::string> turn_uris;
  std::string turn_secret;
  unsigned turn_ttl_s = 86400;

  // Cluster
  std::string redis_url;  // empty: single node
  std::string node_id;
};

// Parses argv (and PARLEY_* environment variables). Returns nullopt after printing --help/--version
// or an error; `exit_code` then says how to exit.
std::optional<Config> parse_config(int argc, char** argv, int& exit_code);

}  // namespace parley::app
