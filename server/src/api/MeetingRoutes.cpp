#include "api/ApiSupport.hpp"
#include "api/Fields.hpp"
#include "api/MeetingCode.hpp"
#include "core/Error.hpp"
#include "http/ErrorResponse.hpp"

namespace parley::api {

namespace asio = boost::asio;
using http::RequestContext;
using http::Response;
using http::Status;
using http::Verb;

namespace {

core::Error meeting_not_found() {
  return core::not_found("meeting_not_found", "There is no meeting with this code.");
}

std::string checked_code(const RequestContext& ctx) {
  auto it = ctx.params.find("code");
  if (it == ctx.params.end()) throw meeting_not_found();
  // Codes are lowercase; a code typed in capitals is the same meeting (as when joining).
  std::string code = it->second;
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!is_meeting_code(code)) throw meeting_not_found();
  return code;
}

std::optional<std::string> meeting_password(const nlohmann::json& body) {
  auto password = optional_string(body, "password");
  if (!password || password->empty()) return std::nullopt;
  if (password->size() > Limits::meeting_password_max) {
    throw core::invalid_field("password", "The meeting password must be at most 72 bytes long.");
  }
  if (password->find('\0') != std::string::npos) {
    throw core::invalid_field("password", "The meeting password must not contain NUL characters.");
  }
  return password;
}

std::optional<std::string> title_of(const nlohmann::json& body) {
  auto title = optional_string(body, "title");
  if (!title) return std::nullopt;
  return normalize_display_text(*title, "title", 0, Limits::title_max);
}

asio::awaitable<Response> create_meeting(ApiServices& s, RequestContext& ctx) {
  const auto user = co_await require_user(s, ctx);
  const auto body = json_body(ctx, /*allow_empty=*/true);
  auto title = title_of(body);
  if (!title || title->empty()) title = user.name + "'s meeting";
  if (utf8_length(*title) > Limits::title_max) title = "Meeting";
  store::NewMeeting meeting;
  meeting.title = *title;
  meeting.host_user_id = user.id;
  meeting.settings.guests_allowed = optional_bool(body, "guestsAllowed").value_or(true);
  meeting.settings.lobby = optional_bool(body, "lobby").value_or(false);
  meeting.settings.mode = meeting_mode(body);
  const auto password = meeting_password(body);

  auto& store = s.store;
  auto& passwords = s.passwords;
  auto job = [&]() {
    if (password) meeting.settings.password_hash = passwords.hash(*password);
    meeting.created_at = store::Clock::now();
    // 26^10 codes: a clash is rare; a few retries make it vanishingly so.
    for (int attempt = 0;; ++attempt) {
      meeting.code = generate_meeting_code();
      try {
        return store.create_meeting(meeting);
      } catch (const core::Error& e) {
        if (e.code() != "meeting_code_taken" || attempt >= 8) throw;
      }
    }
  };
  const auto created = co_await s.blocking.run(std::move(job));
  co_return http::json_response(Status::created, meeting_json(created, base_url(s, ctx)), ctx.request);
}

asio::awaitable<Response> get_meeting(ApiServices& s, RequestContext& ctx) {
  const auto code = checked_code(ctx);
  auto& store = s.store;
  auto job = [&store, &code] { return store.find_meeting(code); };
  const auto meeting = co_await s.blocking.run(std::move(job));
  if (!meeting) throw meeting_not_found();
  co_return http::json_response(Status::ok, public_meeting_json(*meeting, s.live.participant_count(code)), ctx.request);
}

// Loads the meeting and checks that the caller hosts it.
asio::awaitable<store::Meeting> hosted_meeting(ApiServices& s, const store::User& user, const std::string& code) {
  auto& store = s.store;
  auto job = [&store, &code] { return store.find_meeting(code); };
  auto meeting = co_await s.blocking.run(std::move(job));
  if (!meeting) throw meeting_not_found();
  if (meeting->host_user_id != user.id) throw core::forbidden("not_host", "Only the meeting's host may do this.");
  co_return std::move(*meeting);
}

asio::awaitable<Response> update_meeting(ApiServices& s, RequestContext& ctx) {
  const auto code = checked_code(ctx);
  const auto user = co_await require_user(s, ctx);
  const auto body = json_body(ctx);
  store::MeetingUpdate update;
  update.title = title_of(body);
  if (update.title && update.title->empty()) update.title = user.name + "'s meeting";
  update.guests_allowed = optional_bool(body, "guestsAllowed");
  update.lobby = optional_bool(body, "lobby");
  update.locked = optional_bool(body, "locked");
  std::optional<std::string> new_password;
  if (body.contains("password")) {
    new_password = meeting_password(body);  // "" or null removes the password
    update.password_hash.emplace();
  }
  const auto meeting = co_await hosted_meeting(s, user, code);
  if (meeting.ended()) throw core::conflict("meeting_ended", "This meeting has ended and can no longer be changed.");

  auto& store = s.store;
  auto& passwords = s.passwords;
  auto job = [&]() {
    if (new_password) *update.password_hash = passwords.hash(*new_password);
    return store.update_meeting(code, update);
  };
  const auto updated = co_await s.blocking.run(std::move(job));
  if (!updated) throw meeting_not_found();
  co_return http::json_response(Status::ok, meeting_json(*updated, base_url(s, ctx)), ctx.request);
}

asio::awaitable<Response> end_meeting(ApiServices& s, RequestContext& ctx) {
  const auto code = checked_code(ctx);
  const auto user = co_await require_user(s, ctx);
  co_await hosted_meeting(s, user, code);
  auto& store = s.store;
  auto job = [&store, &code] { return store.end_meeting(code, store::Clock::now()); };
  if (!co_await s.blocking.run(std::move(job))) throw meeting_not_found();
  s.live.end_meeting(code);
  co_return http::empty_response(Status::no_content, ctx.request);
}

asio::awaitable<Response> history(ApiServices& s, RequestContext& ctx) {
  const auto user = co_await require_user(s, ctx);
  std::size_t limit = Limits::history_limit_default;
  if (auto text = ctx.query_param("limit")) {
    char* end = nullptr;
    const long value = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || value < 1 || value > static_cast<long>(Limits::history_limit_max)) {
      throw core::invalid_field("limit", "The limit must be a whole number from 1 to 100.");
    }
    limit = static_cast<std::size_t>(value);
  }
  std::optional<store::TimePoint> before;
  if (auto text = ctx.query_param("before")) {
    before = parse_iso8601(*text);
    if (!before)
      throw core::invalid_field("before", "before must be an ISO-8601 UTC time such as 2026-01-31T12:00:00.000Z.");
  }
  auto& store = s.store;
  const auto user_id = user.id;
  // One more than asked tells whether another page exists.
  auto job = [&store, user_id, limit, &before] { return store.meeting_history(user_id, limit + 1, before); };
  auto entries = co_await s.blocking.run(std::move(job));
  const bool more = entries.size() > limit;
  if (more) entries.resize(limit);
  nlohmann::json meetings = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json item{{"code", e.code},
                        {"title", e.title},
                        {"hostName", e.host_name},
                        {"joinedAt", iso8601(e.joined_at)},
                        {"leftAt", nullptr},
                        {"durationSeconds", nullptr},
                        {"canRejoin", !e.meeting_ended_at.has_value()}};
    if (e.left_at) {
      item["leftAt"] = iso8601(*e.left_at);
      item["durationSeconds"] = std::chrono::duration_cast<std::chrono::seconds>(*e.left_at - e.joined_at).count();
    }
    meetings.push_back(std::move(item));
  }
  nlohmann::json out{{"meetings", std::move(meetings)}, {"nextBefore", nullptr}};
  if (more && !entries.empty()) out["nextBefore"] = iso8601(entries.back().joined_at);
  co_return http::json_response(Status::ok, out, ctx.request);
}

}  // namespace

void add_meeting_routes(http::Router& router, ApiServices& s) {
  router.add(Verb::post, "/api/v1/meetings", [&s](RequestContext& ctx) { return create_meeting(s, ctx); });
  // Before /meetings/{code}: the router takes the first match ("history" is never a meeting code).
  router.add(Verb::get, "/api/v1/meetings/history", [&s](RequestContext& ctx) { return history(s, ctx); });
  router.add(Verb::get, "/api/v1/meetings/{code}", [&s](RequestContext& ctx) { return get_meeting(s, ctx); });
  router.add(Verb::patch, "/api/v1/meetings/{code}", [&s](RequestContext& ctx) { return update_meeting(s, ctx); });
  router.add(Verb::delete_, "/api/v1/meetings/{code}", [&s](RequestContext& ctx) { return end_meeting(s, ctx); });
}

}  // namespace parley::api
