#include "core/Metrics.hpp"

#include <gtest/gtest.h>

using parley::core::MetricsRegistry;

TEST(Metrics, RendersCountersGaugesAndLabelsInPrometheusTextFormat) {
  MetricsRegistry registry;
  registry.counter("parley_things_total", "Things.").add(3);
  registry.gauge("parley_open", "Open.").add(2);
  auto& by_status = registry.labeled("parley_requests_total", "Requests.", "status");
  by_status.with("200").add(5);
  by_status.with("404").add();
  registry.computed("parley_uptime_seconds", "Uptime.", MetricsRegistry::Type::gauge, [] { return 12345678.5; });
  const std::string text = registry.render();
  EXPECT_NE(text.find("# TYPE parley_things_total counter\nparley_things_total 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE parley_open gauge\nparley_open 2\n"), std::string::npos);
  EXPECT_NE(text.find("parley_requests_total{status=\"200\"} 5\n"), std::string::npos);
  EXPECT_NE(text.find("parley_requests_total{status=\"404\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("parley_uptime_seconds 12345678.5\n"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.labeled("parley_x_total", "X.", "reason").with("a \"quoted\"\nvalue").add();
  EXPECT_NE(registry.render().find("reason=\"a \\\"quoted\\\"\\nvalue\""), std::string::npos);
}

TEST(Metrics, SameNameReturnsSameCounter) {
  MetricsRegistry registry;
  registry.counter("parley_same_total", "Same.").add();
  registry.counter("parley_same_total", "Same.").add();
  EXPECT_EQ(registry.counter("parley_same_total", "Same.").value(), 2);
}
