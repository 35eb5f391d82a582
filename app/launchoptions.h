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
    static LaunchOptions parse(const QCoreApplication &app);
};
