using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.SqlServer
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
                type: "nvarchar(320)",
                maxLength: 320,
                nullable: false,
                defaultValue: "");

            // Mails already in the outbox count towards the per-recipient throttle too.
            migrationBuilder.Sql("UPDATE \"OutboxMails\" SET \"NormalizedRecipient\" = UPPER(\"Recipient\")");

            migrationBuilder.AddColumn<string>(
                name: "InvitedAddressNotConfirmed",
                table: "MembershipRequests",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChamberAlertedAt",
                table: "ActivationLetters",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActivationAttempts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Failures = table.Column<int>(type: "int", nullable: false),
                    LastFailureAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    BlockedUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
