// The original client's routes under /api/v1/users, with its shapes and success statuses, on top of
// Parley's accounts and sessions. Its token travels as the `token` query parameter or body field (or
// a Bearer header), and must be a JSON string: any other type is refused, never matched.
#include "api/Accounts.hpp"
#include "api/ApiSupport.hpp"
#include "api/Fields.hpp"
#include "core/Error.hpp"
#include "http/ErrorResponse.hpp"

namespace parley::api {

namespace asio = boost::asio;
using http::RequestContext;
using http::Response;
using http::Status;
using http::Verb;

namespace {

constexpr std::size_t kLegacyActivityLimit = 200;

// The token from the body field, the query parameter or the Authorization header, in that order.
std::string legacy_token(const RequestContext& ctx, const nlohmann::json* body) {
  if (body) {
    if (auto it = body->find("token"); it != body->end() && !it->is_null()) {
      if (!it->is_string()) throw core::invalid_field("token", "The token must be a string.");
      return it->get<std::string>();
    }
  }
  if (auto token = ctx.query_param("token")) return *token;
  if (auto token = ctx.bearer_token()) return *token;
  throw core::unauthorized("not_authenticated", "The token is required.");
}

}  // namespace

void add_legacy_routes(http::Router& router, ApiServices& s) {
  router.add(Verb::post, "/api/v1/users/register", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    const auto body = json_body(ctx);
    co_await register_account(s, body);
    co_return http::json_response(Status::created, {{"message", "User registered"}}, ctx.request);
  });

  router.add(Verb::post, "/api/v1/users/login", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    const auto body = json_body(ctx);
    auto address = client_address(ctx);  // named: no temporaries inside co_await (GCC 12)
    const auto result = co_await log_in(s, body, std::move(address));
    co_return http::json_response(Status::ok, {{"token", result.token.token}}, ctx.request);
  });

  router.add(Verb::get, "/api/v1/users/get_all_activity", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    auto token = legacy_token(ctx, nullptr);
    const auto user = co_await require_user_with_token(s, std::move(token));
    auto& store = s.store;
    const auto user_id = user.id;
    // Real attendance (participations) and what the original client recorded itself, oldest first
    // as the original returned them.
    auto job = [&store, user_id] {
      struct Row {
        std::string code;
        store::TimePoint at;
      };
      std::vector<Row> rows;
      for (const auto& e : store.meeting_history(user_id, kLegacyActivityLimit, std::nullopt))
        rows.push_back({e.code, e.joined_at});
      for (const auto& a : store.legacy_activity(user_id, kLegacyActivityLimit)) rows.push_back({a.meeting_code, a.at});
      std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.at < b.at; });
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : rows)
        out.push_back({{"user_id", std::to_string(user_id)}, {"meetingCode", r.code}, {"date", iso8601(r.at)}});
      return out;
    };
    const auto out = co_await s.blocking.run(std::move(job));
    co_return http::json_response(Status::ok, out, ctx.request);
  });

  router.add(Verb::post, "/api/v1/users/add_to_activity", [&s](RequestContext& ctx) -> asio::awaitable<Response> {
    const auto body = json_body(ctx);
    const auto token = legacy_token(ctx, &body);
    const auto code = required_string(body, "meeting_code");
    if (code.empty() || code.size() > Limits::legacy_meeting_code_max) {
      throw core::invalid_field("meeting_code", "The meeting_code must be 1 to 128 bytes long.");
    }
    for (unsigned char c : code) {
      if (c < 0x20 || c == 0x7f)
        throw core::invalid_field("meeting_code", "The meeting_code must not contain control characters.");
    }
    const auto user = co_await require_user_with_token(s, token);
    auto& store = s.store;
    const auto user_id = user.id;
    auto job = [&store, user_id, &code] {
      store.add_legacy_activity(store::LegacyActivity{user_id, code, store::Clock::now()});
    };
    co_await s.blocking.run(std::move(job));
    co_return http::json_response(Status::created, {{"message", "Added code to history"}}, ctx.request);
  });
}

}  // namespace parley::api
