# Install layout and the Debian package. Included at the end of the top-level
# CMakeLists.txt, after the cxsched-bin and cxone-sim targets exist (their
# install(TARGETS) rules live next to them).

# Whoever builds the package is its maintainer; the default is a placeholder
# (lintian says so).
set(CXSCHED_PACKAGE_MAINTAINER "cxsched maintainers <cxsched@example.org>"
    CACHE STRING "Maintainer of the Debian package: \"Name <email>\"")
set(CXSCHED_PACKAGE_SOURCE "https://example.org/cxsched"
    CACHE STRING "Where the package's source can be had (the Debian copyright file)")

# Man pages and the Debian changelog compressed as Debian wants them (gzip -9n:
# no name or time stamp, so the same input gives the same bytes).
find_program(CXSCHED_GZIP gzip REQUIRED)
string(TIMESTAMP CXSCHED_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(CXSCHED_PACKAGE_DIR ${PROJECT_BINARY_DIR}/package)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/copyright ${CXSCHED_PACKAGE_DIR}/copyright @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog ${CXSCHED_PACKAGE_DIR}/changelog @ONLY)
set(CXSCHED_GZIPPED)
foreach(src man/cxsched.1 man/cxone-sim.1 ${CXSCHED_PACKAGE_DIR}/changelog)
  get_filename_component(name ${src} NAME)
  if(NOT IS_ABSOLUTE ${src})
    set(src ${PROJECT_SOURCE_DIR}/${src})
  endif()
  add_custom_command(OUTPUT ${CXSCHED_PACKAGE_DIR}/${name}.gz
                     COMMAND ${CXSCHED_GZIP} -9n -c ${src} > ${CXSCHED_PACKAGE_DIR}/${name}.gz
                     DEPENDS ${src} VERBATIM)
  list(APPEND CXSCHED_GZIPPED ${CXSCHED_PACKAGE_DIR}/${name}.gz)
endforeach()
add_custom_target(package-files ALL DEPENDS ${CXSCHED_GZIPPED})

install(FILES ${CXSCHED_PACKAGE_DIR}/cxsched.1.gz ${CXSCHED_PACKAGE_DIR}/cxone-sim.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CXSCHED_PACKAGE_DIR}/copyright ${CXSCHED_PACKAGE_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
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
  target_compile_definitions(cxsched-serve PRIVATE CXSCHED_DATE_VERSION="${date_VERSION}")
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
set(CPACK_PACKAGE_CONTACT "${CXSCHED_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CXSCHED_PACKAGE_MAINTAINER}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Zone rules are read from the system's tz database at run time. ICU is
# loaded with dlopen when a Windows zone is mapped (acd/zone.cpp), so
# dpkg-shlibdeps cannot see it: its runtime package is named here, by the
# major version the build compiled against (Debian: libicu72 for ICU 72).
string(REGEX MATCH "^[0-9]+" CXSCHED_ICU_MAJOR "${ICU_VERSION}")
# libcurl is loaded with dlopen too (http/curl_library.cpp): its package is
# the one that ships the file of its soname (Debian: libcurl4).
set(CXSCHED_CURL_PACKAGE libcurl4)
find_program(CXSCHED_DPKG_QUERY dpkg-query)
if(CXSCHED_DPKG_QUERY)
  get_filename_component(curl_real "${CXSCHED_CURL_FILE}" REALPATH)
  execute_process(COMMAND ${CXSCHED_DPKG_QUERY} -S "${curl_real}"
                  OUTPUT_VARIABLE curl_owner ERROR_QUIET RESULT_VARIABLE curl_rc)
  if(curl_rc EQUAL 0 AND curl_owner MATCHES "^([^:, ]+)")
    set(CXSCHED_CURL_PACKAGE ${CMAKE_MATCH_1})
  endif()
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, libicu${CXSCHED_ICU_MAJOR}, ${CXSCHED_CURL_PACKAGE}")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, jq")
include(CPack)
