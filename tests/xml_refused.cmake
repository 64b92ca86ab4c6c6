# A record holding a control character XML 1.0 forbids: perfgoal exits 1,
# names the form's file and line and the field, and writes no XML (the
# other input of the run is still converted).
#   -DPERFGOAL=... -DSOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${PERFGOAL} convert tests/data/xml/control-char.yaml
                        tests/data/xml/escaping.yaml --to xml -o ${WORK_DIR}
                RESULT_VARIABLE code ERROR_VARIABLE err WORKING_DIRECTORY ${SOURCE_DIR})
if(NOT code EQUAL 1)
  message(FATAL_ERROR "exit code ${code}, expected 1:\n${err}")
endif()
set(want "shangdang-2025.txt:35: error: XML not written: form 2 of tests/data/xml/control-char.yaml, field overview: control character U+0007")
string(FIND "${err}" "${want}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr does not say\n  ${want}\nstderr:\n${err}")
endif()
if(EXISTS ${WORK_DIR}/control-char.xml)
  message(FATAL_ERROR "control-char.xml was written")
endif()
if(NOT EXISTS ${WORK_DIR}/escaping.xml)
  message(FATAL_ERROR "escaping.xml was not written")
endif()
file(GLOB leftovers ${WORK_DIR}/.perfgoal-*.part)
if(leftovers)
  message(FATAL_ERROR "temporary files left: ${leftovers}")
endif()
