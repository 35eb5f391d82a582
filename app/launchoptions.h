#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

//! What the command line asked for. Server, token and rooms override the saved settings for
//! this run only (scripts and demos must not change a person's setup).
struct LaunchOptions
{
    QString url;
    QString token;
    QStringList rooms;
    QString search;               //!< open the first room's search with these words
    QString screenshot;           //!< grab the window to this PNG once the rooms loaded, then exit
    int screenshotDelayMs = 2500; //!< after loading, so live data and sparklines fill in
    int screenshotTimeoutMs = 20000;

    //! Parses the arguments; prints a message and exits the process on a bad one (status 2).
    //! --help, --help-all and --version print and exit with status 0.
    static LaunchOptions parse(const QCoreApplication &app);

    //! What parse() will print and exit on (status 0), told before any application exists:
    //! --help and --version need only a QCoreApplication, so main() answers them without a
    //! display (help2man, scripts, ssh); --help-all lists QGuiApplication's options too. None
    //! for a line that does not parse here, e.g. one with Qt's GUI options (-platform ...):
    //! only a QGuiApplication takes those out of the arguments.
    enum class Printout { None, HelpOrVersion, HelpAll };
    static Printout printout(int argc, char **argv);
};
