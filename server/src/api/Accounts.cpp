#include "api/Accounts.hpp"

#include "api/Fields.hpp"
#include "core/Error.hpp"

namespace parley::api {

namespace {

core::Error too_many_attempts(std::chrono::seconds wait) {
  core::Error e(core::ErrorKind::too_many_requests, "too_many_attempts",
                "Too many failed sign-in attempts. Try again in " + std::to_string(wait.count()) + " seconds.");
  e.with_retry_after(static_cast<int>(wait.count()));
  return e;
}

}  // namespace

boost::asio::awaitable<store::User> register_account(ApiServices& services, const nlohmann::json& body) {
  const auto name = normalize_display_text(required_string(body, "name"), "name", Limits::name_min, Limits::name_max);
  const auto username = normalize_username(required_string(body, "username"));
  const auto password = required_string(body, "password");
  auth::PasswordHasher::validate(password);

  auto& passwords = services.passwords;
  auto& store = services.store;
  auto job = [&] {
    // A cheap check first, so that a taken name does not cost a bcrypt; the unique index decides.
    if (store.find_user_by_username(username)) {
      throw core::conflict("username_taken", "This username is already taken.");
    }
    const auto hash = passwords.hash(password);
    return store.create_user(store::NewUser{name, username, hash, store::Clock::now()});
  };
  co_return co_await services.blocking.run(std::move(job));
}

boost::asio::awaitable<LoginResult> log_in(ApiServices& services, const nlohmann::json& body, std::string address) {
  const auto raw_username = required_string(body, "username");
  const auto password = required_string(body, "password");
  // A malformed username is an unknown user (same answer, same work); the throttle key is bounded.
  std::optional<std::string> username;
  try {
    username = normalize_username(raw_username);
  } catch (const core::Error&) {
  }
  const std::string throttle_key = username ? *username : std::string("\x01invalid");
  if (auto wait = services.throttle.retry_after(throttle_key, address)) throw too_many_attempts(*wait);

  auto& passwords = services.passwords;
  auto& store = services.store;
  auto& tokens = services.tokens;
  auto job = [&]() -> std::optional<LoginResult> {
    std::optional<store::User> user;
    if (username && password.size() <= 72) user = store.find_user_by_username(*username);
    if (!user) {
      passwords.verify_against_dummy(password.substr(0, 72));
      return std::nullopt;
    }
    if (!passwords.verify(password, user->password_hash)) return std::nullopt;
    return LoginResult{tokens.issue(user->id), *user};
  };
  auto result = co_await services.blocking.run(std::move(job));
  if (!result) {
    services.throttle.record_failure(throttle_key, address);
    throw core::unauthorized("invalid_credentials", "The username or password is wrong.");
  }
  services.throttle.record_success(throttle_key);
  co_return std::move(*result);
}

}  // namespace parley::api
