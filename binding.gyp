{
  "targets": [
    {
      "target_name": "horizon_arcade",
      "sources": [
        "native/core/Bus.cpp",
        "native/core/M6502.cpp",
        "native/core/Riot.cpp",
        "native/core/tia/Tia.cpp",
        "native/core/tia/TiaTables.cpp",
        "native/core/tia/TiaMotion.cpp",
        "native/core/cart/Cartridge.cpp",
        "native/core/cart/Cart3F.cpp",
        "native/core/cart/CartDPC.cpp",
        "native/core/cart/CartE0.cpp",
        "native/core/cart/CartE7.cpp",
        "native/core/cart/CartFE.cpp",
        "native/core/cart/CartUA.cpp",
        "native/core/Console.cpp",
        "native/env/RuleExpr.cpp",
        "native/env/GameRules.cpp",
        "native/env/AleEnv.cpp",
        "native/env/ThreadPool.cpp",
        "native/env/VectorEnv.cpp",
        "native/env/Preprocess.cpp",
        "native/addon/addon.cpp",
        "native/addon/Convert.cpp",
        "native/addon/EnvWrap.cpp",
        "native/addon/VectorEnvWrap.cpp",
        "native/addon/RuleProgramWrap.cpp",
        "native/addon/CpuBoardWrap.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      # Node's build flags keep the frame pointer; the CPU core needs that register (Pong +4%).
      # -fno-gcse: GCC's advice for interpreters dispatched by computed goto (CPU core: 2% fewer instructions).
      "cflags_cc": ["-std=c++17", "-O2", "-fomit-frame-pointer", "-fno-gcse", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "10.15"
      }
    }
  ]
}
