# The web UI (ui/): type-checked and bundled by Vite into ${CMAKE_BINARY_DIR}/share/coffer/ui,
# where `coffer server` finds it beside bin/. Rebuilt when a file under ui/src, ui/index.html,
# ui/public or the package files change.
find_program(NPM_PROGRAM npm)
set(coffer_ui_dir ${PROJECT_SOURCE_DIR}/ui)
set(coffer_ui_out ${CMAKE_BINARY_DIR}/share/coffer/ui)
if(NOT NPM_PROGRAM OR NOT EXISTS ${coffer_ui_dir}/node_modules)
  message(FATAL_ERROR "COFFER_BUILD_UI: the web UI needs npm and ${coffer_ui_dir}/node_modules; run scripts/setup "
                      "(or configure with -DCOFFER_BUILD_UI=OFF for the API only)")
endif()
file(GLOB_RECURSE coffer_ui_sources CONFIGURE_DEPENDS
     ${coffer_ui_dir}/src/* ${coffer_ui_dir}/public/*)
add_custom_command(
  OUTPUT ${coffer_ui_out}/index.html
  COMMAND ${NPM_PROGRAM} run --silent build -- --outDir ${coffer_ui_out} --emptyOutDir
  WORKING_DIRECTORY ${coffer_ui_dir}
  DEPENDS ${coffer_ui_sources} ${coffer_ui_dir}/index.html ${coffer_ui_dir}/package.json
          ${coffer_ui_dir}/package-lock.json ${coffer_ui_dir}/vite.config.ts ${coffer_ui_dir}/tsconfig.json
  COMMENT "Building the web UI (Vite) into share/coffer/ui"
  VERBATIM)
add_custom_target(coffer_ui ALL DEPENDS ${coffer_ui_out}/index.html)
