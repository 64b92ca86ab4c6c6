# Runs one golden case: perfgoal with the case's args, then compares every
# file in expected/ with what the run wrote (and the exit code with
# expected/exit-code when present). PERFGOAL_ACCEPT=1 rewrites expected/.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(READ ${CASE_DIR}/args args)
string(STRIP "${args}" args)
# The run starts in the source folder and names its inputs from there
# (fixtures/x.txt, tests/golden/CASE/a.txt): records and findings keep an
# input's path as given (source.file), the same on every machine.
file(RELATIVE_PATH case_rel ${SOURCE_DIR} ${CASE_DIR})
string(REPLACE "@IN@" "${case_rel}" args "${args}")
string(REPLACE "@SRC@/" "" args "${args}")
string(REPLACE "@SRC@" "." args "${args}")
string(REPLACE "@OUT@" "${WORK_DIR}" args "${args}")
separate_arguments(arg_list UNIX_COMMAND "${args}")
execute_process(COMMAND ${PERFGOAL} ${arg_list} RESULT_VARIABLE code
                OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${SOURCE_DIR})
file(WRITE ${WORK_DIR}/exit-code "${code}\n")
# What the command printed on stdout (perfgoal check's findings), when anything.
if(NOT out STREQUAL "")
  file(WRITE ${WORK_DIR}/stdout "${out}")
endif()

if("$ENV{PERFGOAL_ACCEPT}" STREQUAL "1")
  file(GLOB written RELATIVE ${WORK_DIR} ${WORK_DIR}/*)
  file(REMOVE_RECURSE ${CASE_DIR}/expected)
  foreach(f ${written})
    file(COPY ${WORK_DIR}/${f} DESTINATION ${CASE_DIR}/expected)
  endforeach()
  message(STATUS "accepted: ${CASE_DIR}/expected")
  return()
endif()

file(GLOB expected RELATIVE ${CASE_DIR}/expected ${CASE_DIR}/expected/*)
if(NOT expected)
  message(FATAL_ERROR "${CASE_DIR}/expected is empty: run with PERFGOAL_ACCEPT=1 and review the files")
endif()
set(failed "")
foreach(f ${expected})
  if(NOT EXISTS ${WORK_DIR}/${f})
    list(APPEND failed "${f} (not written)")
    continue()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${CASE_DIR}/expected/${f} ${WORK_DIR}/${f} RESULT_VARIABLE diff)
  if(diff)
    list(APPEND failed "${f} (differs: diff ${CASE_DIR}/expected/${f} ${WORK_DIR}/${f})")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden case ${CASE_DIR}: ${failed}\nstderr:\n${err}")
endif()
