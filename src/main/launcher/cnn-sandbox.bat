@echo off
rem CNN Sandbox's command line on Windows: cnn-sandbox --help (see the cnn-sandbox shell script beside it)
set HERE=%~dp0
set JAVA=java
if defined JAVA_HOME set JAVA="%JAVA_HOME%\bin\java"
%JAVA% %CNN_SANDBOX_JAVA_OPTS% -cp "%HERE%jars\*;%HERE%jars\win64\*;%HERE%plugins\*" cnnsandbox.Main %*
