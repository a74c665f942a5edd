using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NormalizedRecipient",
                table: "OutboxMails",
                type: "TEXT",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            // Mails already in the outbox count towards the per-recipient throttle too.
            migrationBuilder.Sql("UPDATE \"OutboxMails\" SET \"NormalizedRecipient\" = UPPER(\"Recipient\")");

            migrationBuilder.AddColumn<string>(
                name: "InvitedAddressNotConfirmed",
                table: "MembershipRequests",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChamberAlertedAt",
                table: "ActivationLetters",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActivationAttempts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BlockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivationAttempts", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_NormalizedRecipient_SentAt",
                table: "OutboxMails",
                columns: new[] { "NormalizedRecipient", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivationAttempts");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMails_NormalizedRecipient_SentAt",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "NormalizedRecipient",
                table: "OutboxMails");

            migrationBuilder.DropColumn(
                name: "InvitedAddressNotConfirmed",
                table: "MembershipRequests");

            migrationBuilder.DropColumn(
                name: "ChamberAlertedAt",
                table: "ActivationLetters");
        }
    }
}
