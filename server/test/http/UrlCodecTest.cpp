#include "http/UrlCodec.hpp"

#include <gtest/gtest.h>

using namespace parley::http;

TEST(UrlCodec, PercentDecodesAndRejectsBrokenEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_EQ(percent_decode("%41%42"), "AB");
}

TEST(UrlCodec, EncodeRoundTrips) {
  const std::string text = "héllo wörld/?&=%";
  EXPECT_EQ(percent_decode(percent_encode(text)), text);
}

TEST(UrlCodec, FindsQueryParameters) {
  EXPECT_EQ(find_query_param("token=abc&x=1", "token"), "abc");
  EXPECT_EQ(find_query_param("x=1&token=a%2Bb+c", "token"), "a+b c");
  EXPECT_EQ(find_query_param("flag&x=1", "flag"), "");
  EXPECT_FALSE(find_query_param("x=1", "token"));
  EXPECT_FALSE(find_query_param("", "token"));
}

TEST(UrlCodec, SplitsTargetsIntoDecodedPathAndRawQuery) {
  auto t = split_target("/a%20b/c?x=%20");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/a b/c");
  EXPECT_EQ(t->query, "x=%20");
  EXPECT_FALSE(split_target("http://host/x"));  // absolute-form is not served
  EXPECT_FALSE(split_target(""));
  EXPECT_FALSE(split_target("/a%00b"));
  EXPECT_FALSE(split_target("/bad%zz"));
}

TEST(UrlCodec, SafeSegmentsRefuseEscapesFromTheRoot) {
  EXPECT_EQ(safe_path_segments("/assets/app.js"), (std::vector<std::string>{"assets", "app.js"}));
  EXPECT_EQ(safe_path_segments("//a/./b/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(safe_path_segments("/../etc/passwd"));
  EXPECT_FALSE(safe_path_segments("/a/../../b"));
  EXPECT_FALSE(safe_path_segments("/a\\..\\b"));
  EXPECT_FALSE(safe_path_segments("/c:/windows"));
  EXPECT_FALSE(safe_path_segments(std::string_view("/a\0b", 4)));
  EXPECT_EQ(safe_path_segments("/"), std::vector<std::string>{});
}
