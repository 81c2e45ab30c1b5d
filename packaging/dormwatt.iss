; DormWatt's Windows installer (Inno Setup 6), packing the folder that `pyinstaller installer.spec`
; builds (dist\DormWatt: DormWatt.exe, the window; dormwatt-serve.exe, the meter service and the
; command line). README "Windows installer" has the steps:
;   pyinstaller --noconfirm installer.spec
;   iscc /DAppVersion=0.1.0 packaging\dormwatt.iss      -> dist\DormWatt-0.1.0-setup.exe
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Data "{commonappdata}\DormWatt"

[Setup]
AppId={{4BD9748A-0F4B-40BB-B9AF-F681DE0C2999}
AppName=DormWatt
AppVersion={#AppVersion}
AppPublisher=DormWatt
; An ASCII path on the system drive, not "Program Files" or a folder a person names: Qt finds its
; plugins (platforms\qwindows.dll) by path, and a path with characters outside the system code page
; (a Chinese folder name) breaks that lookup: the window would not start. The folder page and
; PrepareToInstall below refuse such a path.
DefaultDirName={sd}\DormWatt
DefaultGroupName=DormWatt
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=DormWatt-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\DormWatt.exe
; the window may be open during an upgrade: Restart Manager closes it first
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Chinese where this Inno Setup ships it (newer releases do; older ones need the .isl added)
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "service"; Description: "Run the meter service on this PC at startup (it reads the meters; one PC of the office runs it)"; Flags: unchecked

[Dirs]
; the window (as the clerk) and the service (as SYSTEM) share the store in this folder
Name: "{#Data}"; Permissions: users-modify
Name: "{#Data}\logs"; Permissions: users-modify

[Files]
Source: "..\dist\DormWatt\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "service-task.ps1"; DestDir: "{app}"; Flags: ignoreversion

[INI]
; One store for the window and the service: SQLite beside this file unless an administrator sets a
; PostgreSQL URL here (kept on upgrades)
Filename: "{#Data}\dormwatt.ini"; Section: "database"; Key: "url"; String: "sqlite:///{#Data}\dormwatt.db"; Flags: createkeyifdoesntexist

[Icons]
Name: "{group}\DormWatt"; Filename: "{app}\DormWatt.exe"; Parameters: "--config ""{#Data}\dormwatt.ini"""; WorkingDir: "{app}"
Name: "{group}\DormWatt demo"; Filename: "{app}\DormWatt.exe"; Parameters: "demo"; WorkingDir: "{app}"
Name: "{group}\DormWatt meter service log"; Filename: "{#Data}\logs\serve.log"; Tasks: service
Name: "{group}\{cm:UninstallProgram,DormWatt}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\DormWatt"; Filename: "{app}\DormWatt.exe"; Parameters: "--config ""{#Data}\dormwatt.ini"""; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; migrate the store first (the service refuses a store that is not at this version's schema)
Filename: "{app}\dormwatt-serve.exe"; Parameters: "db upgrade --config ""{#Data}\dormwatt.ini"""; Flags: runhidden waituntilterminated; StatusMsg: "Upgrading the store..."
Filename: "powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\service-task.ps1"" -Install -App ""{app}"" -Data ""{#Data}"""; Flags: runhidden waituntilterminated; Tasks: service; StatusMsg: "Starting the meter service..."
Filename: "{app}\DormWatt.exe"; Parameters: "--config ""{#Data}\dormwatt.ini"""; Description: "{cm:LaunchProgram,DormWatt}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\service-task.ps1"" -Remove"; Flags: runhidden waituntilterminated; RunOnceId: "RemoveServiceTask"

[Code]
function IsAscii(const S: String): Boolean;
var
  I: Integer;
begin
  Result := True;
  for I := 1 to Length(S) do
    if Ord(S[I]) > 127 then
    begin
      Result := False;
      Exit;
    end;
end;

function AsciiPathMessage(const Dir: String): String;
begin
  Result := 'DormWatt must be installed in a folder whose path has only English letters, digits and ' +
            'punctuation (for example C:\DormWatt); Qt cannot load its parts from ' + Dir + '.';
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if (CurPageID = wpSelectDir) and not IsAscii(WizardDirValue) then
  begin
    MsgBox(AsciiPathMessage(WizardDirValue), mbError, MB_OK);
    Result := False;
  end;
end;

function PrepareToInstall(var NeedsRestart: Boolean): String;
var
  Code: Integer;
begin
  Result := '';
  if not IsAscii(ExpandConstant('{app}')) then
  begin
    Result := AsciiPathMessage(ExpandConstant('{app}'));     { also a silent install given /DIR= }
    Exit;
  end;
  { an upgrade: the running service holds dormwatt-serve.exe and Python's files open }
  Exec(ExpandConstant('{sys}\schtasks.exe'), '/End /TN "DormWatt meter service"', '', SW_HIDE,
       ewWaitUntilTerminated, Code);
end;
