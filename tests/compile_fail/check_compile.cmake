# Builds TARGET in BUILD_DIR. VARIANT=control must succeed; VARIANT=fail must fail
# and print REGEX.
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(VARIANT STREQUAL "control")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the well-typed control ${TARGET} did not compile:\n${all}")
  endif()
else()
  if(rc EQUAL 0)
    message(FATAL_ERROR "${TARGET} compiled, but it must not")
  endif()
  if(NOT all MATCHES "${REGEX}")
    message(FATAL_ERROR "${TARGET} failed without the expected message '${REGEX}':\n${all}")
  endif()
  message(STATUS "failed as expected with: ${REGEX}")
endif()
