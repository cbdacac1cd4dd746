#include "http/MimeTypes.hpp"

#include <gtest/gtest.h>

using parley::http::mime_type_for;

TEST(MimeTypes, KnowsTheWebAppsFileTypes) {
  EXPECT_EQ(mime_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type_for("app-3f2a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("style.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type_for("logo.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type_for("font.woff2"), "font/woff2");
  EXPECT_EQ(mime_type_for("noextension"), "application/octet-stream");
  EXPECT_EQ(mime_type_for("archive.xyz"), "application/octet-stream");
}
