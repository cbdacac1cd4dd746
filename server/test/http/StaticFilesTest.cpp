#include "http/StaticFiles.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "AwaitHelper.hpp"

using namespace parley::http;
namespace fs = std::filesystem;
namespace asio = boost::asio;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("parley-static-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(base_ / "root" / "assets");
    write(base_ / "root" / "index.html", "<app>");
    write(base_ / "root" / "assets" / "app-1234.js", "js");
    write(base_ / "secret.txt", "secret");
    fs::create_symlink(base_ / "secret.txt", base_ / "root" / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  Response get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    parley::core::BlockingPool pool(1, 4);
    StaticFiles files(base_ / "root", pool);
    Request req{Verb::get, path, 11};
    for (auto& [k, v] : headers) req.set(k, v);
    RequestContext ctx{req, path, "", {}, asio::ip::make_address("127.0.0.1"), false};
    return run_to_completion(files.serve(ctx));
  }

  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeAndCaching) {
  auto js = get("/assets/app-1234.js");
  EXPECT_EQ(js.result(), Status::ok);
  EXPECT_EQ(js.body(), "js");
  EXPECT_EQ(js[beast_http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js[beast_http::field::cache_control], "public, max-age=31536000, immutable");
  auto index = get("/");
  EXPECT_EQ(index.body(), "<app>");
  EXPECT_EQ(index[beast_http::field::cache_control], "no-cache");
}

TEST_F(StaticFilesTest, FallsBackToTheAppShellOnlyForExtensionlessPaths) {
  EXPECT_EQ(get("/m/abc-defg-hij").body(), "<app>");
  EXPECT_EQ(get("/missing.js").result(), Status::not_found);
}

TEST_F(StaticFilesTest, NeverReadsOutsideTheRoot) {
  EXPECT_EQ(get("/../secret.txt").result(), Status::not_found);
  EXPECT_EQ(get("/assets/../../secret.txt").result(), Status::not_found);
  EXPECT_EQ(get("/link.txt").result(), Status::not_found);  // a symlink pointing out of the root
}

TEST_F(StaticFilesTest, RevalidatesWithEtag) {
  auto first = get("/assets/app-1234.js");
  const std::string etag(first[beast_http::field::etag]);
  ASSERT_FALSE(etag.empty());
  auto second = get("/assets/app-1234.js", {{"If-None-Match", etag}});
  EXPECT_EQ(second.result(), Status::not_modified);
  EXPECT_TRUE(second.body().empty());
}
