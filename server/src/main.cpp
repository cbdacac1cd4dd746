// parley: the server executable. Wiring lives in app/Application.
#include <iostream>

#include "app/Application.hpp"
#include "app/Config.hpp"

int main(int argc, char** argv) {
  int exit_code = 0;
  auto config = parley::app::parse_config(argc, argv, exit_code);
  if (!config) return exit_code;
  try {
    parley::app::Application app(std::move(*config));
    return app.run();
  } catch (const std::exception& e) {
    std::cerr << "parley: " << e.what() << '\n';
    return 1;
  }
}
