# XML against its XSD, end to end: perfgoal converts INPUT with MAPPING,
# then xmllint validates the output against the mapping's XSD. Also checks
# that the XSD does reject a wrong document (a 计算符号 code 9), so the test
# can fail. Run by CTest with SOURCE_DATE_EPOCH set.
#   -DPERFGOAL=... -DXMLLINT=... -DSOURCE_DIR=... -DWORK_DIR=... -DINPUT=... -DMAPPING=... -DXSD=... -DSIGN=...
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${PERFGOAL} convert ${INPUT} --to xml --xml-mapping ${MAPPING} -o ${WORK_DIR}
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "perfgoal failed (${code}):\n${err}")
endif()
get_filename_component(stem ${INPUT} NAME_WE)
set(out ${WORK_DIR}/${stem}.xml)
execute_process(COMMAND ${XMLLINT} --noout --schema ${SOURCE_DIR}/templates/xml/${XSD} ${out}
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${out} does not validate against ${XSD}:\n${err}")
endif()
message(STATUS "${out} validates against ${XSD}")

# The same document with one sign code broken must not validate.
file(READ ${out} xml)
string(FIND "${xml}" "<${SIGN}>1</${SIGN}>" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${out}: no <${SIGN}>1</${SIGN}> to break")
endif()
string(REPLACE "<${SIGN}>1</${SIGN}>" "<${SIGN}>9</${SIGN}>" broken "${xml}")
file(WRITE ${WORK_DIR}/broken.xml "${broken}")
execute_process(COMMAND ${XMLLINT} --noout --schema ${SOURCE_DIR}/templates/xml/${XSD} ${WORK_DIR}/broken.xml
                RESULT_VARIABLE code ERROR_VARIABLE err)
if(code EQUAL 0)
  message(FATAL_ERROR "${XSD} accepts a 计算符号 code 9")
endif()
