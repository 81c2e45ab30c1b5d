# The meter service as a Windows scheduled task: started at boot as SYSTEM (no one needs to log on),
# never stopped for running long, restarted a minute after it fails. The installer runs this with
# -Install (its "meter service" option) and -Remove (uninstall); an administrator may too:
#   powershell -ExecutionPolicy Bypass -File C:\DormWatt\service-task.ps1 -Install
# The service reads the store from <Data>\dormwatt.ini ([database] url = ...) and logs to
# <Data>\logs\serve.log; the window's shortcuts use the same dormwatt.ini.
param(
    [switch]$Install,
    [switch]$Remove,
    [switch]$Stop,
    [string]$App = $PSScriptRoot,
    [string]$Data = (Join-Path $env:ProgramData "DormWatt")
)
$ErrorActionPreference = "Stop"
$Name = "DormWatt meter service"
$existing = Get-ScheduledTask -TaskName $Name -ErrorAction SilentlyContinue

if ($Stop -or $Remove -or $Install) {
    if ($existing) { Stop-ScheduledTask -TaskName $Name -ErrorAction SilentlyContinue }
}
if ($Remove -and $existing) {
    Unregister-ScheduledTask -TaskName $Name -Confirm:$false
}
if ($Install) {
    New-Item -ItemType Directory -Force -Path (Join-Path $Data "logs") | Out-Null
    $config = Join-Path $Data "dormwatt.ini"
    $log = Join-Path $Data "logs\serve.log"
    $action = New-ScheduledTaskAction -Execute (Join-Path $App "dormwatt-serve.exe") -WorkingDirectory $App `
        -Argument "--config `"$config`" --log-file `"$log`""
    $trigger = New-ScheduledTaskTrigger -AtStartup
    $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 999 `
        -RestartInterval (New-TimeSpan -Minutes 1) -StartWhenAvailable -AllowStartIfOnBatteries `
        -DontStopIfGoingOnBatteries -MultipleInstances IgnoreNew
    $principal = New-ScheduledTaskPrincipal -UserId "SYSTEM" -LogonType ServiceAccount -RunLevel Highest
    Register-ScheduledTask -TaskName $Name -Action $action -Trigger $trigger -Settings $settings `
        -Principal $principal -Force | Out-Null
    Start-ScheduledTask -TaskName $Name
}
