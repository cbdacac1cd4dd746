#include "http/Router.hpp"

#include <gtest/gtest.h>

#include "AwaitHelper.hpp"
#include "http/ErrorResponse.hpp"

using namespace parley::http;
namespace asio = boost::asio;

namespace {
Request make_request(Verb method, std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request req{method, target, 11};
  for (auto& [name, value] : headers) req.set(name, value);
  return req;
}

Response route(const Router& router, Request& req, std::string path) {
  RequestContext ctx{req, std::move(path), "", {}, asio::ip::make_address("127.0.0.1"), true};
  return run_to_completion(router.handle(ctx));
}

Handler text(std::string body) {
  return [body](RequestContext& ctx) -> asio::awaitable<Response> {
    Response res{Status::ok, 11};
    res.body() = body;
    for (auto& [k, v] : ctx.params) res.body() += " " + k + "=" + v;
    co_return res;
  };
}
}  // namespace

TEST(Router, MatchesLiteralAndCapturedSegments) {
  Router router{CorsPolicy({})};
  router.add(Verb::get, "/api/v1/meetings/{code}", text("meeting"));
  router.add(Verb::get, "/api/v1/meetings/history", text("history"));
  auto req = make_request(Verb::get, "/api/v1/meetings/abc-defg-hij");
  EXPECT_EQ(route(router, req, "/api/v1/meetings/abc-defg-hij").body(), "meeting code=abc-defg-hij");
  auto trailing = make_request(Verb::get, "/api/v1/meetings/x/");
  EXPECT_EQ(route(router, trailing, "/api/v1/meetings/x/").body(), "meeting code=x");
}

TEST(Router, AnswersUnknownPathsWith404AndOtherMethodsWith405) {
  Router router{CorsPolicy({})};
  router.add(Verb::post, "/api/v1/auth/login", text("login"));
  auto get = make_request(Verb::get, "/api/v1/auth/login");
  auto res = route(router, get, "/api/v1/auth/login");
  EXPECT_EQ(res.result(), Status::method_not_allowed);
  EXPECT_EQ(res[beast_http::field::allow], "POST");
  auto unknown = make_request(Verb::get, "/api/v1/nothing");
  auto res404 = route(router, unknown, "/api/v1/nothing");
  EXPECT_EQ(res404.result(), Status::not_found);
  EXPECT_NE(res404.body().find("\"error\":\"not_found\""), std::string::npos);
}

TEST(Router, MapsThrownErrorsToTheirStatusAndHidesInternalOnes) {
  Router router{CorsPolicy({})};
  router.add(Verb::post, "/conflict", [](RequestContext&) -> asio::awaitable<Response> {
    throw parley::core::conflict("username_taken", "That username is taken.");
    co_return Response{};
  });
  router.add(Verb::post, "/crash", [](RequestContext&) -> asio::awaitable<Response> {
    throw std::runtime_error("secret internal detail");
    co_return Response{};
  });
  auto a = make_request(Verb::post, "/conflict");
  auto res = route(router, a, "/conflict");
  EXPECT_EQ(res.result(), Status::conflict);
  EXPECT_EQ(res.body(), R"({"error":"username_taken","message":"That username is taken."})");
  auto b = make_request(Verb::post, "/crash");
  auto crash = route(router, b, "/crash");
  EXPECT_EQ(crash.result(), Status::internal_server_error);
  EXPECT_EQ(crash.body().find("secret"), std::string::npos);
}

TEST(Router, FallbackServesOnlyGetAndHeadOutsideTheApi) {
  Router router{CorsPolicy({})};
  router.set_fallback(text("app"));
  auto page = make_request(Verb::get, "/m/abc");
  EXPECT_EQ(route(router, page, "/m/abc").body(), "app");
  auto api = make_request(Verb::get, "/api/v1/unknown");
  EXPECT_EQ(route(router, api, "/api/v1/unknown").result(), Status::not_found);
  auto post = make_request(Verb::post, "/m/abc");
  EXPECT_EQ(route(router, post, "/m/abc").result(), Status::not_found);
}

TEST(Router, PrefixRoutesTakeEverythingBelowThem) {
  Router router{CorsPolicy({})};
  router.add_prefix("/socket.io/", text("eio"));
  auto req = make_request(Verb::post, "/socket.io/?EIO=4");
  EXPECT_EQ(route(router, req, "/socket.io/").body(), "eio");
  auto bare = make_request(Verb::get, "/socket.io");
  EXPECT_EQ(route(router, bare, "/socket.io").body(), "eio");
}

TEST(Router, CorsAllowsListedOriginsAndRefusesOthers) {
  Router router{CorsPolicy({"http://localhost:3000"})};
  router.add(Verb::post, "/api/v1/users/login", text("ok"));
  auto preflight = make_request(Verb::options, "/api/v1/users/login",
                                {{"Origin", "http://localhost:3000"},
                                 {"Access-Control-Request-Method", "POST"},
                                 {"Access-Control-Request-Headers", "content-type"},
                                 {"Host", "parley:8443"}});
  auto res = route(router, preflight, "/api/v1/users/login");
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_EQ(res[beast_http::field::access_control_allow_origin], "http://localhost:3000");
  EXPECT_EQ(res[beast_http::field::access_control_allow_headers], "content-type");

  auto listed =
      make_request(Verb::post, "/api/v1/users/login", {{"Origin", "http://localhost:3000"}, {"Host", "parley:8443"}});
  auto ok = route(router, listed, "/api/v1/users/login");
  EXPECT_EQ(ok.result(), Status::ok);
  EXPECT_EQ(ok[beast_http::field::access_control_allow_origin], "http://localhost:3000");

  auto foreign =
      make_request(Verb::post, "/api/v1/users/login", {{"Origin", "https://evil.example"}, {"Host", "parley:8443"}});
  EXPECT_EQ(route(router, foreign, "/api/v1/users/login").result(), Status::forbidden);

  auto same =
      make_request(Verb::post, "/api/v1/users/login", {{"Origin", "https://parley:8443"}, {"Host", "parley:8443"}});
  auto same_res = route(router, same, "/api/v1/users/login");
  EXPECT_EQ(same_res.result(), Status::ok);
  EXPECT_EQ(same_res.count(beast_http::field::access_control_allow_origin), 0u);
}
