# Install layout and the Debian package. Included at the end of the top-level
# CMakeLists.txt, after the cxsched-bin and cxone-sim targets exist (their
# install(TARGETS) rules live next to them).

install(FILES ${PROJECT_SOURCE_DIR}/man/cxsched.1 ${PROJECT_SOURCE_DIR}/man/cxone-sim.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completions/cxsched.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME cxsched)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_cxsched
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/cxsched.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The checked-in completion scripts are the output of `cxsched completion SHELL`;
# this target rewrites them after a change of commands or flags (a test fails
# until it is run).
add_custom_target(update-completions
  COMMAND $<TARGET_FILE:cxsched-bin> completion bash > ${PROJECT_SOURCE_DIR}/completions/cxsched.bash
  COMMAND $<TARGET_FILE:cxsched-bin> completion zsh > ${PROJECT_SOURCE_DIR}/completions/_cxsched
  COMMAND $<TARGET_FILE:cxsched-bin> completion fish > ${PROJECT_SOURCE_DIR}/completions/cxsched.fish
  DEPENDS cxsched-bin
  COMMENT "Regenerating completions/ from the command tree"
  VERBATIM)

# The build's dependency versions, for `cxsched --version`.
if(date_VERSION)
  target_compile_definitions(cxsched-bin PRIVATE CXSCHED_DATE_VERSION="${date_VERSION}")
endif()

set(CPACK_PACKAGE_NAME cxsched)
set(CPACK_PACKAGE_VENDOR "cxsched")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "cxsched checks time-zone-aware execution windows and schedule conflicts of\n"
  "outbound campaigns, creates and activates them idempotently, watches them\n"
  "go live and reports schedule adherence. Includes cxone-sim, a local\n"
  "simulator of the platform API.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_CONTACT "cxsched maintainers <cxsched@example.org>")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Zone rules are read from the system's tz database at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, jq")
include(CPack)
