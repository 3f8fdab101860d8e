; Inno Setup 6 script: the per-user installer of dist\Nianbao\ (built by packaging\windows\build.cmd).
;
;     iscc /DAppVersion=0.1.0 packaging\windows\nianbao.iss      -> dist\Nianbao-0.1.0-setup.exe
;
; No administrator rights: installs into %LOCALAPPDATA%\Programs\Nianbao ({autopf} when installing for
; the current user), Start-menu entries for the window and for a command prompt in the program folder.
; The data (reports, backups) live in %LOCALAPPDATA%\Nianbao, written by the program, not by this
; installer: uninstalling removes only the files installed here and keeps the data folder.
; Saved as UTF-8 with a byte-order mark, which Inno Setup needs for the Chinese text.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppTitle "政府信息公开年报助手"
#define Root SourcePath + "..\.."

[Setup]
; The AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6E3C2A1F-5B7D-4C8E-9A2B-3D4F5E6A7B8C}
AppName={#AppTitle}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher=Nianbao
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Nianbao
DefaultGroupName={#AppTitle}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#Root}\resources\nianbao.ico
UninstallDisplayIcon={app}\Nianbao.exe
UninstallDisplayName={#AppTitle}
OutputDir={#Root}\dist
OutputBaseFilename=Nianbao-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(CompilerPath + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面上建立快捷方式"; Flags: unchecked

[Files]
Source: "{#Root}\dist\Nianbao\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries as a whole (a file the new version no longer has must not stay).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\Nianbao.exe"; WorkingDir: "{userdocs}"; Comment: "填写、核对并导出政府信息公开工作年度报告"
Name: "{autoprograms}\年报助手命令行"; Filename: "{cmd}"; Parameters: "/k Nianbao --help"; WorkingDir: "{app}"; Comment: "在程序文件夹中打开命令提示符：Nianbao check 报告.docx"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\Nianbao.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\Nianbao.exe"; Description: "启动{#AppTitle}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the data folder %LOCALAPPDATA%\Nianbao is never touched by the uninstaller.
